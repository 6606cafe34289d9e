# language: fr
Fonctionnalité: Suivre un dossier de bout en bout dans le moteur
  Un gardien signale un désordre, le technicien chiffre les travaux, le responsable
  territorial valide. Chacun ne voit que les tâches de son rôle et de son territoire,
  et tout ce qui est fait reste tracé dans l'historique du dossier.

  Contexte:
    Étant donné le processus "repair_request" déployé
    Et la gardienne "dupont" du territoire "nord"
    Et le gardien "leroy" du territoire "sud"
    Et le technicien patrimoine "martin" du territoire "nord"

  Scénario: Le dossier avance de tâche en tâche jusqu'à sa clôture
    Quand "dupont" ouvre un dossier pour la résidence "nord/les-tilleuls"
    Alors "dupont" voit la tâche "Signaler le désordre" dans ses tâches
    Et "leroy" ne voit aucune tâche
    Quand "dupont" termine la tâche "Signaler le désordre"
    Et "martin" termine la tâche "Chiffrer les travaux" avec un montant de 250 euros
    Alors le dossier attend la tâche "Valider le devis"
    Et le montant TTC du dossier est de 300 euros
    Et l'historique du dossier contient 3 actions

  Scénario: Une saisie invalide est refusée sans rien perdre
    Quand "dupont" ouvre un dossier pour la résidence "nord/les-tilleuls"
    Et "dupont" termine la tâche "Signaler le désordre"
    Et "martin" termine la tâche "Chiffrer les travaux" avec un montant de -10 euros
    Alors la saisie est refusée avec le message "doit être supérieur ou égal à 0" sur le champ "amount"
    Et le dossier attend la tâche "Chiffrer les travaux"

  Scénario: Un gardien d'un autre territoire ne peut pas prendre la tâche
    Quand "dupont" ouvre un dossier pour la résidence "nord/les-tilleuls"
    Et "leroy" essaie de prendre la tâche "Signaler le désordre"
    Alors l'action est refusée
